module example.com/pkgmaps

go 1.22

require example.com/registry v1.0.0
