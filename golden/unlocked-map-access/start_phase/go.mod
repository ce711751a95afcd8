module example.com/startstore

go 1.22
