// Package grpc stands in for the real package.
package grpc

// ServiceDesc describes a service.
type ServiceDesc struct{ ServiceName string }

// ServiceRegistrar registers services: a *Server is one.
type ServiceRegistrar interface {
	RegisterService(desc *ServiceDesc, impl any)
}

// Server serves RPCs, each on its own goroutine.
type Server struct{ services map[string]any }

// NewServer makes a Server.
func NewServer() *Server { return &Server{services: map[string]any{}} }

// RegisterService registers impl.
func (s *Server) RegisterService(desc *ServiceDesc, impl any) { s.services[desc.ServiceName] = impl }

// ServerStream is what every server stream is.
type ServerStream interface{ SendMsg(m any) error }

// BidiStreamingServer is the server side of a bidirectional stream.
type BidiStreamingServer[Req any, Res any] interface {
	Recv() (*Req, error)
	Send(*Res) error
	ServerStream
}

// ServerStreamingServer is the server side of a server stream.
type ServerStreamingServer[Res any] interface {
	Send(*Res) error
	ServerStream
}
