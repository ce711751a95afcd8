module example.com/usesdep

go 1.22

require example.com/maputil v1.0.0
