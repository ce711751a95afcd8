module example.com/namesake

go 1.23
