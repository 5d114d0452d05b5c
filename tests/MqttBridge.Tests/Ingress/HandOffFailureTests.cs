using System.Data.Common;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.MqttBridge.Ingress;

namespace DigitalTwin.MqttBridge.Tests.Ingress;

public sealed class HandOffFailureTests
{
    [Fact]
    public void ASiloGoneOrNotAnsweringInTimeIsTransient()
    {
        Assert.True(HandOffFailure.IsTransient(new SiloUnavailableException()));
        Assert.True(HandOffFailure.IsTransient(new TimeoutException("response did not arrive on time")));
    }

    [Fact]
    public void ATwinReloadingAfterAFailedWriteIsTransient() =>
        Assert.True(HandOffFailure.IsTransient(new TwinUnavailableException("twin 'd1' is reloading from storage after a failed write; try again")));

    [Fact]
    public void TheDatabaseDownIsTransientWhereverItIsWrapped()
    {
        var down = new DatabaseError(transient: true);

        Assert.True(HandOffFailure.IsTransient(down));
        Assert.True(HandOffFailure.IsTransient(new OrleansException("Error from storage provider during ReadState", down)));
    }

    [Fact]
    public void AnErrorTheDatabaseWouldRepeatIsNotTransientEvenWhenTheReloadingTwinWrapsIt() =>
        Assert.False(HandOffFailure.IsTransient(new TwinUnavailableException("twin 'd1' could not append to the message log", new DatabaseError(transient: false))));

    [Fact]
    public void AFailureOfTheTwinItselfIsNotTransient()
    {
        Assert.False(HandOffFailure.IsTransient(new InvalidOperationException("a bug")));
        Assert.False(HandOffFailure.IsTransient(new OrleansException("activation failed", new ArgumentException("a bug"))));
    }

    /// <summary>What a database driver throws (Npgsql's exceptions are <see cref="DbException"/>s that know whether they are transient).</summary>
    private sealed class DatabaseError(bool transient) : DbException("database error")
    {
        public override bool IsTransient => transient;
    }
}
