// Package exporter publishes what the allocator holds.
package exporter

import (
	"fmt"

	"example.com/otherfield/cache"
	"example.com/otherfield/ipam"
)

// Exporter reads the allocator's state.
type Exporter struct {
	ipam  *ipam.IPAM
	table *cache.Table
	zones bySubnet
}

type bySubnet map[string]*ipam.Subnet

// Export prints a subnet's allocations: package ipam writes IPToPod under
// the subnet's mutex, which this package cannot take.
func (e *Exporter) Export(name string) {
	sub, ok := e.ipam.Subnets[name]
	if !ok {
		return
	}
	for ip, pod := range sub.IPToPod { // want "read of map sub.IPToPod without holding the mutex of ipam.Subnet: Allocate locks it in package ipam \\(subnet.go:35\\)"
		fmt.Println(ip, pod)
	}
	// ipam never locks Reserved: nothing says it is shared
	for ip := range sub.Reserved {
		fmt.Println(ip)
	}
	// only the constructor writes Labels, before the subnet is shared
	fmt.Println(sub.Labels["zone"])
}

// Release drops ip from every subnet.
func (e *Exporter) Release(ip string) {
	for _, sub := range e.ipam.Subnets {
		delete(sub.IPToPod, ip) // want "write to map sub.IPToPod without holding the mutex of ipam.Subnet"
	}
}

// Drop hands Visit a func that gets the subnet from Visit, which holds
// its lock around the call.
func (e *Exporter) Drop(name, ip string) {
	e.ipam.Subnets[name].Visit(func(s *ipam.Subnet) {
		delete(s.IPToPod, ip)
	})
}

// Pods counts a zone's pods through a named map type of this package.
func (e *Exporter) Pods(zone string) int {
	return len(e.zones[zone].IPToPod) // want "read of map e.zones\\[zone\\].IPToPod without holding the mutex of ipam.Subnet"
}

// Count holds the table's exported lock.
func (e *Exporter) Count(k string) int {
	e.table.Mu.Lock()
	defer e.table.Mu.Unlock()
	return e.table.Rows[k]
}

// Peek does not.
func (e *Exporter) Peek(k string) int {
	return e.table.Rows[k] // want "read of map e.table.Rows without holding e.table.Mu: Add locks it in package cache"
}

// Seed builds a subnet no other goroutine has seen yet.
func Seed() *ipam.Subnet {
	s := &ipam.Subnet{IPToPod: map[string]string{}}
	s.IPToPod["10.0.0.1"] = "gateway"
	return s
}

// Hits locks the counter, whose embedded mutex is exported.
func Hits(c *cache.Counter, k string) int {
	c.Lock()
	defer c.Unlock()
	return c.Hits[k]
}

// LastHits does not.
func LastHits(c *cache.Counter, k string) int {
	return c.Hits[k] // want "read of map c.Hits without holding c: Hit locks it in package cache"
}
