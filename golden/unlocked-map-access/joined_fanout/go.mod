module example.com/joinedfanout

go 1.25
