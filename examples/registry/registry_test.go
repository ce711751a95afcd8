package registry

import (
	"context"
	"testing"
)

// The tests that pass today come first: a nil-map panic ends the whole test
// binary, so anything after the crashing test does not run.

func TestEmptyRegistry(t *testing.T) {
	r := NewRegistry()
	if _, ok := r.Lookup("Pod"); ok {
		t.Fatal("empty registry found a handler")
	}
	r.Unregister("Pod")
	if kinds := r.Kinds(); len(kinds) != 0 {
		t.Fatalf("Kinds() = %v, want none", kinds)
	}
	if err := r.Dispatch(context.Background(), "Pod", "default", "p"); err == nil {
		t.Fatal("Dispatch to an unknown kind succeeded")
	}
}

func TestWebhooks(t *testing.T) {
	w := NewWebhooks()
	w.Serve("/validate-apps-v1-deployment", "Deployment")
	if got := w.Kind("/validate-apps-v1-deployment"); got != "Deployment" {
		t.Fatalf("Kind = %q, want Deployment", got)
	}
}

func TestOptionsZeroValue(t *testing.T) {
	var o Options
	o.SetDefault("replicas", "1")
	if o.Defaults["replicas"] != "1" {
		t.Fatalf("Defaults = %v", o.Defaults)
	}
}

func TestRegister(t *testing.T) {
	r := NewRegistry()
	var got string
	r.Register("Deployment", HandlerFunc(func(_ context.Context, ns, name string) error {
		got = ns + "/" + name
		return nil
	}))

	if _, ok := r.Lookup("Deployment"); !ok {
		t.Fatal("Lookup(Deployment): not found after Register")
	}
	if err := r.Dispatch(context.Background(), "Deployment", "default", "web"); err != nil {
		t.Fatalf("Dispatch: %v", err)
	}
	if got != "default/web" {
		t.Fatalf("handler saw %q, want %q", got, "default/web")
	}
	if kinds := r.Kinds(); len(kinds) != 1 || kinds[0] != "Deployment" {
		t.Fatalf("Kinds() = %v, want [Deployment]", kinds)
	}
	r.Unregister("Deployment")
	if _, ok := r.Lookup("Deployment"); ok {
		t.Fatal("Lookup(Deployment): still found after Unregister")
	}
}
