package index

import "testing"

func TestOwners(t *testing.T) {
	s := NewStore()
	s.SetOwner("deploy/web", "uid-1")
	s.SetOwner("deploy/web", "uid-2")
	if !s.Owns("deploy/web", "uid-2") || s.Owns("deploy/db", "uid-1") {
		t.Fatal("Owns gave the wrong answer")
	}
}

func TestByKind(t *testing.T) {
	got := ByKind([]Object{{Kind: "Pod", Name: "a"}, {Kind: "Pod", Name: "b"}, {Kind: "Service", Name: "a"}})
	if len(got["Pod"]) != 2 || len(got["Service"]) != 1 {
		t.Fatalf("ByKind = %v", got)
	}
}

func TestEmptyStore(t *testing.T) {
	s := NewStore()
	if _, ok := s.Get("Pod", "a"); ok {
		t.Fatal("empty store returned an object")
	}
	s.Remove("Pod", "a")
	if n := s.Len("Pod"); n != 0 {
		t.Fatalf("Len = %d", n)
	}
}

func TestByNamespace(t *testing.T) {
	idx := ByNamespace([]Ref{
		{Namespace: "prod", Name: "web", Generation: 3},
		{Namespace: "prod", Name: "db", Generation: 7},
		{Namespace: "dev", Name: "web", Generation: 1},
	})
	if got := idx["prod"]["db"]; got != 7 {
		t.Fatalf("prod/db generation = %d, want 7", got)
	}
	if got := len(idx["prod"]); got != 2 {
		t.Fatalf("prod has %d entries, want 2", got)
	}
}

func TestStoreAdd(t *testing.T) {
	s := NewStore()
	s.Add(Object{Kind: "Pod", Name: "web-0", UID: "u0"})
	s.Add(Object{Kind: "Pod", Name: "web-1", UID: "u1"})
	obj, ok := s.Get("Pod", "web-1")
	if !ok || obj.UID != "u1" {
		t.Fatalf("Get(Pod, web-1) = %v, %v", obj, ok)
	}
	if n := s.Len("Pod"); n != 2 {
		t.Fatalf("Len(Pod) = %d, want 2", n)
	}
}
