using System.Data.Common;
using DigitalTwin.Grains.Interfaces.Twins;
using Orleans.Serialization;

namespace DigitalTwin.Grains.Diagnostics;

/// <summary>
/// Tells a failure that trying again may get past (the cluster or the database away for a moment) from one that a
/// retry would meet again. The bridge hands a device message over again on the first and tells the device of the
/// second; the API answers the first with 503 and the second with 500.
/// </summary>
public static class TransientFailure
{
    /// <summary>
    /// Transient: a silo that is gone or refused the call (<see cref="OrleansMessageRejectionException"/>, which
    /// <see cref="SiloUnavailableException"/> is), a call not answered in time or cancelled on the way, a twin reloading
    /// after a failed write, and a database error unless it is one of the data PostgreSQL refuses (SQLSTATE classes 22
    /// and 23: a re-send would be refused again). An error that crossed from another silo is transient too when it
    /// arrives as Orleans' stand-in for an exception it could not copy (<see cref="UnavailableExceptionFallbackException"/>:
    /// a database error of a twin activating there) or as a bare <see cref="OrleansException"/>: the silo cannot tell
    /// what failed, and retrying until the hand-off times out loses nothing. Causes are looked for through the inner
    /// exceptions, because the twin and Orleans' storage wrap what failed; a database error decides alone wherever it is.
    /// </summary>
    public static bool IsTransient(Exception failure)
    {
        var transient = false;
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbException database)
            {
                return database.IsTransient || !IsRefusedData(database.SqlState);
            }

            transient |= cause is OrleansMessageRejectionException or TimeoutException or OperationCanceledException or TwinUnavailableException
                or UnavailableExceptionFallbackException
                || cause.GetType() == typeof(OrleansException);
        }

        return transient;
    }

    /// <summary>Data PostgreSQL refuses: a data exception (class 22, e.g. a NUL in text) or an integrity violation (class 23).</summary>
    private static bool IsRefusedData(string? sqlState) => sqlState is { Length: 5 } && (sqlState.StartsWith("22", StringComparison.Ordinal) || sqlState.StartsWith("23", StringComparison.Ordinal));
}
