module example.com/kvparse

go 1.22
