module example.com/cloud

go 1.22
