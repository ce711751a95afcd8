module example.com/freshcaller

go 1.23
