/* lead */ SELECT a -- trailing
, b # hash
FROM t;