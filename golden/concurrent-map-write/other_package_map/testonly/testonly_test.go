package testonly

import (
	"testing"

	"example.com/pkgmaps/conf"
)

func TestWatch(t *testing.T) {
	conf.Weights["a"] = 1
	Watch(2)
}
