// Package caddy stands for github.com/caddyserver/caddy/v2: LoadModule
// provisions each new module value before it returns it to be used.
package caddy

import "context"

type Context struct {
	context.Context
}

type Provisioner interface {
	Provision(Context) error
}
