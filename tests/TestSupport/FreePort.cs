using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.TestSupport;

/// <summary>
/// Ports for silos and brokers the tests start. They come from below Linux's ephemeral range (32768+): a port the
/// kernel hands out for "port 0" can be taken by any outgoing connection (a mosquitto_pub, an HTTP client) between
/// our check and the silo's bind, which failed CI runs with "address in use". Below that range only listeners we start
/// take ports, and a process-wide counter never hands out the same one twice.
/// </summary>
public static class FreePort
{
    private const int First = 20_000;
    private const int Count = 12_000;
    private static int _next = Environment.ProcessId * 97 % Count;

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free port between {First} and {First + Count}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
