module example.com/typednamesake

go 1.25
