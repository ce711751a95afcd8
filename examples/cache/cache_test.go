package cache

import (
	"reflect"
	"testing"
	"time"
)

func TestMatches(t *testing.T) {
	l := Labels{"app": "web", "tier": "frontend"}
	if !Matches(l, Labels{"app": "web"}) {
		t.Fatal("Matches(app=web) = false")
	}
	if Matches(nil, Labels{"app": "web"}) {
		t.Fatal("nil labels matched a non-empty selector")
	}
	if !Matches(nil, nil) {
		t.Fatal("nil labels did not match the empty selector")
	}
}

func TestMergeAndWithout(t *testing.T) {
	got := Merge(Labels{"app": "web"}, Labels{"tier": "frontend"})
	want := Labels{"app": "web", "tier": "frontend"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Merge = %v, want %v", got, want)
	}
	if got := Without(nil, "app"); len(got) != 0 {
		t.Fatalf("Without(nil) = %v", got)
	}
}

func TestCountByLabel(t *testing.T) {
	objs := []Object{
		{Namespace: "a", Name: "x", Labels: Labels{"tier": "db"}},
		{Namespace: "a", Name: "y"},
		{Namespace: "b", Name: "z", Labels: Labels{"tier": "db"}},
	}
	if got := CountByLabel(objs, "tier"); got["db"] != 2 {
		t.Fatalf("CountByLabel = %v, want db:2", got)
	}
	if got := CountByLabel(objs, "missing"); got != nil {
		t.Fatalf("CountByLabel(missing) = %v, want nil", got)
	}
}

func TestResyncDefault(t *testing.T) {
	if got := Resync("Secret", time.Minute); got != time.Minute {
		t.Fatalf("Resync = %v, want the default", got)
	}
}

func TestGroupByNamespace(t *testing.T) {
	objs := []Object{
		{Namespace: "prod", Name: "web"},
		{Namespace: "dev", Name: "api"},
		{Namespace: "prod", Name: "db"},
	}
	got := GroupByNamespace(objs)
	if len(got) != 2 {
		t.Fatalf("GroupByNamespace: %d namespaces, want 2: %v", len(got), got)
	}
	if want := []string{"db", "web"}; !reflect.DeepEqual(got["prod"], want) {
		t.Fatalf("prod = %v, want %v", got["prod"], want)
	}
	if want := []string{"api"}; !reflect.DeepEqual(got["dev"], want) {
		t.Fatalf("dev = %v, want %v", got["dev"], want)
	}
}

func TestSelector(t *testing.T) {
	got := Selector("web")
	if len(got) != 1 || got["app.kubernetes.io/name"] != "web" {
		t.Fatalf("Selector(web) = %v", got)
	}
}

func TestSetResync(t *testing.T) {
	SetResync("ConfigMap", 30*time.Second)
	if got := Resync("ConfigMap", time.Minute); got != 30*time.Second {
		t.Fatalf("Resync = %v, want 30s", got)
	}
}
