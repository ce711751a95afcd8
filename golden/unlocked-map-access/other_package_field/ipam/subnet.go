// Package ipam allocates addresses; its subnets are shared by every
// goroutine that allocates.
package ipam

import "sync"

// Subnet is one subnet's allocations.
type Subnet struct {
	mutex    sync.RWMutex
	IPToPod  map[string]string
	Labels   map[string]string
	Reserved map[string]bool
}

// NewSubnet makes a subnet with its labels.
func NewSubnet(labels map[string]string) *Subnet {
	s := &Subnet{IPToPod: map[string]string{}, Labels: map[string]string{}, Reserved: map[string]bool{}}
	s.setLabels(labels)
	return s
}

// setLabels runs only on a subnet NewSubnet has not returned yet.
func (s *Subnet) setLabels(labels map[string]string) {
	s.mutex.Lock()
	defer s.mutex.Unlock()
	for k, v := range labels {
		s.Labels[k] = v
	}
}

// Allocate records the pod at ip.
func (s *Subnet) Allocate(ip, pod string) {
	s.mutex.Lock()
	defer s.mutex.Unlock()
	s.IPToPod[ip] = pod
}

// Pod is the pod at ip and its zone.
func (s *Subnet) Pod(ip string) (string, string) {
	s.mutex.RLock()
	defer s.mutex.RUnlock()
	return s.IPToPod[ip], s.Labels["zone"]
}

// Visit calls f with the subnet locked.
func (s *Subnet) Visit(f func(*Subnet)) {
	s.mutex.Lock()
	defer s.mutex.Unlock()
	f(s)
}

// Reserve marks ip as reserved; its callers take turns on their own.
func (s *Subnet) Reserve(ip string) {
	s.Reserved[ip] = true
}

// IPAM holds every subnet by name.
type IPAM struct {
	Subnets map[string]*Subnet
}
