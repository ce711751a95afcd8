module example.com/operator

go 1.22

require sigs.k8s.io/controller-runtime v0.16.0
