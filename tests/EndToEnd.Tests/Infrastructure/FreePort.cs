using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>Finds TCP ports nobody listens on, so test silos never collide with a running platform.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
