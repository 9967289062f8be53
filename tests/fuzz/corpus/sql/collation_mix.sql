SELECT CONCAT(a, b) = 'x', UPPER(a COLLATE utf8mb4_bin) = b, IF(a, b, c COLLATE latin1_bin) FROM t WHERE a = b COLLATE utf8mb4_general_ci;
