SHOW TABLE STATUS FROM db WHERE Auto_increment > 1 AND Name <> 'x'
