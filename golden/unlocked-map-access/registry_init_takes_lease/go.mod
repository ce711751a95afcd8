module example.com/registryinittakeslease

go 1.22
