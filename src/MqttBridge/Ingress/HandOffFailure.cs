using System.Data.Common;
using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.MqttBridge.Ingress;

/// <summary>
/// Tells a failure to hand a device message to its twin that handing it over again may get past (the cluster or the
/// database away for a moment) from one that a re-send would meet again, which the device is told of instead.
/// </summary>
internal static class HandOffFailure
{
    /// <summary>
    /// Transient: a silo that is gone or refused the call (<see cref="OrleansMessageRejectionException"/>, which
    /// <see cref="SiloUnavailableException"/> is), a call not answered in time, a twin reloading after a failed write,
    /// and a database error its driver calls transient (the connection lost, the server shutting down). Causes are
    /// looked for through the inner exceptions, because the twin and Orleans' storage wrap what failed; a database
    /// error decides alone wherever it is: one the driver calls permanent (a row PostgreSQL refuses) comes back on
    /// every re-send even when the twin reloading wraps it.
    /// </summary>
    public static bool IsTransient(Exception failure)
    {
        var transient = false;
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbException database)
            {
                return database.IsTransient;
            }

            transient |= cause is OrleansMessageRejectionException or TimeoutException or TwinUnavailableException;
        }

        return transient;
    }
}
