module example.com/uncalledentry

go 1.25
