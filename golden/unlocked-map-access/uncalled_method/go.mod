module example.com/uncalled

go 1.25
