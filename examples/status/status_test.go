package status

import (
	"reflect"
	"testing"
)

func TestNotReady(t *testing.T) {
	if got := NotReady(nil); got != nil {
		t.Fatalf("NotReady(nil) = %v", got)
	}
	got := NotReady(map[string]bool{"a": true, "b": false, "c": false})
	if want := []string{"b", "c"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("NotReady = %v, want %v", got, want)
	}
}

func TestTransitions(t *testing.T) {
	got := Transitions(map[string]bool{"a": true}, map[string]bool{"a": false, "b": true})
	want := map[string]bool{"a": false, "b": true}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Transitions = %v, want %v", got, want)
	}
}

func TestReadyConditionsLargeBatch(t *testing.T) {
	items := []Item{{Name: "a", Ready: true}, {Name: "b"}, {Name: "c"}, {Name: "d", Ready: true}}
	got := ReadyConditions(items)
	if len(got) != 4 || !got["a"] || got["b"] {
		t.Fatalf("ReadyConditions = %v", got)
	}
}

func TestReadyConditionsSmallBatch(t *testing.T) {
	items := []Item{{Name: "web", Ready: true}, {Name: "db"}}
	got := ReadyConditions(items)
	if len(got) != 2 || !got["web"] || got["db"] {
		t.Fatalf("ReadyConditions = %v, want web:true db:false", got)
	}
}

func TestSummary(t *testing.T) {
	items := []Item{{Name: "a", Phase: "Running"}, {Name: "b", Phase: "Pending"}, {Name: "c", Phase: "Running"}}
	if got, want := Summary(items), "Pending=1,Running=2"; got != want {
		t.Fatalf("Summary = %q, want %q", got, want)
	}
}
