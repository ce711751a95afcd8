package objects

import (
	"errors"
	"net/http"
)

type ObjectInfo struct {
	Key      string
	Metadata http.Header
}

type Client struct{ headers map[string]http.Header }

func toObjectInfo(key string, h http.Header) (ObjectInfo, error) {
	meta := http.Header{}
	for k, v := range h {
		meta[k] = v
	}
	return ObjectInfo{Key: key, Metadata: meta}, nil
}

// Stat returns what toObjectInfo builds, with Metadata made.
func (c *Client) Stat(key string) (ObjectInfo, error) {
	h, ok := c.headers[key]
	if !ok {
		return ObjectInfo{}, errors.New("not found")
	}
	return toObjectInfo(key, h)
}

// Copy builds an ObjectInfo without Metadata, but its value never reaches
// ACL's write: ACL's info holds only what Stat returns.
func (c *Client) Copy(key string) (ObjectInfo, error) {
	info := ObjectInfo{Key: key}
	return info, nil
}

func (c *Client) ACL(key, acl string) (*ObjectInfo, error) {
	info, err := c.Stat(key)
	if err != nil {
		return nil, err
	}
	if acl == "" {
		return &info, nil // its address leaves with the return: no later write through it
	}
	info.Metadata["X-Amz-Acl"] = []string{acl}
	return &info, nil
}

// Near miss: Head hands back Copy's value, which leaves Metadata nil.
func (c *Client) Head(key string) (ObjectInfo, error) {
	if _, ok := c.headers[key]; ok {
		return c.Stat(key)
	}
	return c.Copy(key)
}

func (c *Client) Tag(key, tag string) (*ObjectInfo, error) {
	info, err := c.Head(key)
	if err != nil {
		return nil, err
	}
	info.Metadata["X-Amz-Tagging"] = []string{tag} // want `write to nil map field info.Metadata: the ObjectInfo literal in Client.Copy omits Metadata`
	return &info, nil
}
