SELECT JSON_SEARCH(j, 'all', 'a|%b_', '|', '$**.k', '$[last]') FROM t
