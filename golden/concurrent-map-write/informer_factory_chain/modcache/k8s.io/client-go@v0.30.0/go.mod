module k8s.io/client-go

go 1.22

require k8s.io/api v0.30.0
