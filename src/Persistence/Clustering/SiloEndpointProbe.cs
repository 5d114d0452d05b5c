using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.Persistence.Clustering;

/// <summary>Tells whether a silo endpoint definitely has no listener: its host answers every try with a refusal.</summary>
internal static class SiloEndpointProbe
{
    private const int Tries = 3;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BetweenTries = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// True only when every connection attempt is refused. A connection, a timeout or any other error says nothing
    /// certain (a listener, a slow or partitioned network), so it is false.
    /// </summary>
    public static async Task<bool> RefusesAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(BetweenTries, cancellationToken);
            }

            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await socket.ConnectAsync(endpoint, timeout.Token);
                return false;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }
}
