module example.com/importednamed

go 1.22
