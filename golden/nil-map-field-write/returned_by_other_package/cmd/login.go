package cmd

import "example.com/returnedfields/config"

var logins = map[string]int{}

func Login(server, token string) {
	c, _ := config.Read("config")
	c.Sessions[server] = token // want "write to nil map field c.Sessions: config.Read returns its value with Sessions nil on some path"
	logins[server]++
}

func Defaults(server, token string) {
	c := config.Default()
	c.Servers[server] = token
	c.Sessions[server] = token // want "config.Default returns its value with Sessions nil on some path"
}

func Guarded(server, token string) {
	c, err := config.Read("config")
	if err != nil {
		return
	}
	if c.Sessions == nil {
		c.Sessions = map[string]string{}
	}
	c.Sessions[server] = token
}

func MadeFirst(server, token string) {
	c := config.Made()
	c.Sessions[server] = token
	c.Servers[server] = token
}

func OnlyBesideError(server, token string) {
	c, err := config.Failed("config")
	if err != nil {
		return
	}
	c.Sessions[server] = token
}

func HandedOn(server, token string) {
	c := config.Default()
	prepare(c)
	c.Sessions[server] = token
}

func FilledByCallee(server, token string) {
	c := config.Filled()
	c.Sessions[server] = token
}

func LoginLocal(server, token string) {
	c, _ := config.ReadLocal("config")
	c.Sessions[server] = token // want "config.ReadLocal returns its value with Sessions nil on some path \\(the zero value of var c, decoded\\)"
}

func LoginPrepared(server, token string) {
	c, _ := config.Prepared("config")
	c.Sessions[server] = token
}

func LoginLookup(server, token string, data []byte) {
	c, err := config.Lookup(data)
	if err != nil {
		return
	}
	c.Sessions[server] = token // want "config.Lookup returns its value with Sessions nil on some path \\(what Parse returns\\)"
	c.Servers[server] = token
}

func LoginRebuilt(server, token string) {
	c := config.Rebuilt()
	c.Sessions[server] = token
}

func prepare(c *config.Local) {
	if c.Sessions == nil {
		c.Sessions = map[string]string{}
	}
}
