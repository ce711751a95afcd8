module example.com/scalers

go 1.22

require example.com/cloud v1.0.0
