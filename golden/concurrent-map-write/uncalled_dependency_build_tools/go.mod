module example.com/buildtools

go 1.22

require example.com/gen v1.0.0
