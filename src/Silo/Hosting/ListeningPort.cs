using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.Silo.Hosting;

/// <summary>One address and port the silo listens on, with the configuration key that moves it.</summary>
internal sealed record ListeningPort(string Key, IPAddress Address, int Port)
{
    /// <summary>The one line a user sees when another process holds this port.</summary>
    public string InUseMessage =>
        $"Port {Port} on {Address} is already in use, probably by another silo: stop that process or move this one with {Key} (--{Key}={Example}).";

    private string Example => Key == ListeningPorts.UrlsKey ? "http://localhost:<port>" : "<port>";

    /// <summary>
    /// True when binding the port fails because something listens on it. Any other failure (an address this
    /// machine lacks, IPv6 switched off) is left for the real bind to report.
    /// </summary>
    public bool IsTaken()
    {
        try
        {
            using var listener = new TcpListener(Address, Port);
            listener.Start();
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
