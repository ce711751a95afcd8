module k8s.io/api

go 1.22

require k8s.io/apimachinery v0.30.0
