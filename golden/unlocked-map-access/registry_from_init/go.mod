module example.com/registryfrominit

go 1.22
