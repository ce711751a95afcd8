module example.com/freshparam

go 1.23
