// Package pb stands in for code that protoc-gen-go-grpc generates.
package pb

import (
	"context"

	"google.golang.org/grpc"
)

// HelloRequest is a request.
type HelloRequest struct{ Name string }

// HelloReply is a reply.
type HelloReply struct{ Message string }

// GreeterServer is the server API for the Greeter service.
type GreeterServer interface {
	SayHello(context.Context, *HelloRequest) (*HelloReply, error)
	Watch(Greeter_WatchServer) error
}

// Greeter_WatchServer is the server side of the Watch stream.
type Greeter_WatchServer interface {
	Send(*HelloReply) error
	Recv() (*HelloRequest, error)
	grpc.ServerStream
}

// RegisterGreeterServer registers srv with s.
func RegisterGreeterServer(s grpc.ServiceRegistrar, srv GreeterServer) {
	s.RegisterService(&grpc.ServiceDesc{ServiceName: "Greeter"}, srv)
}

// ChatServer is the server API for the Chat service.
type ChatServer interface {
	Join(*HelloRequest, grpc.ServerStreamingServer[HelloReply]) error
	Talk(grpc.BidiStreamingServer[HelloRequest, HelloReply]) error
}
