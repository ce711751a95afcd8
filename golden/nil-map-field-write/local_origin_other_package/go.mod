module example.com/localorigin

go 1.22
