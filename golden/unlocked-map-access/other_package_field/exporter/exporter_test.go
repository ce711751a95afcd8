package exporter

import (
	"testing"

	"example.com/otherfield/ipam"
)

// The test reads the subnet on its own goroutine once Export has returned.
func TestSeed(t *testing.T) {
	e := &Exporter{ipam: &ipam.IPAM{Subnets: map[string]*ipam.Subnet{"a": Seed()}}}
	e.Export("a")
	if e.ipam.Subnets["a"].IPToPod["10.0.0.1"] != "gateway" {
		t.Fatal("no gateway")
	}
}
