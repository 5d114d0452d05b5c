using System.Data.Common;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.MqttBridge.Ingress;
using Orleans.Serialization;

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

    [Theory]
    [InlineData("22P05")] // a NUL escape in jsonb
    [InlineData("22021")] // a byte sequence that is no text
    [InlineData("23505")] // a unique violation
    public void DataTheDatabaseRefusesIsNotTransientEvenWhenTheReloadingTwinWrapsIt(string sqlState) =>
        Assert.False(HandOffFailure.IsTransient(new TwinUnavailableException("twin 'd1' could not append to the message log", new DatabaseError(transient: false, sqlState))));

    [Theory]
    [InlineData("57014")] // a statement cancelled by its timeout under load
    [InlineData("42P01")] // a table missing: the schema is being put right, the device re-sends meanwhile
    [InlineData(null)]
    public void AnyOtherDatabaseErrorIsTransient(string? sqlState) =>
        Assert.True(HandOffFailure.IsTransient(new DatabaseError(transient: false, sqlState)));

    [Fact]
    public void WhatCrossedFromAnotherSiloWithoutItsCauseIsTransient()
    {
        // Orleans cannot copy Npgsql's exceptions: a twin activating on another silo while the database is away
        // fails there with a stand-in, or with a bare OrleansException.
        Assert.True(HandOffFailure.IsTransient(new UnavailableExceptionFallbackException("Exception of type Npgsql.NpgsqlException", null!)));
        Assert.True(HandOffFailure.IsTransient(new OrleansException("Error from storage provider during ReadState")));
        Assert.True(HandOffFailure.IsTransient(new OperationCanceledException("the read was cancelled")));
    }

    [Fact]
    public void AFailureOfTheTwinItselfIsNotTransient()
    {
        Assert.False(HandOffFailure.IsTransient(new InvalidOperationException("a bug")));
        Assert.False(HandOffFailure.IsTransient(new ArgumentException("a bug")));
    }

    /// <summary>What a database driver throws (Npgsql's exceptions are <see cref="DbException"/>s that know whether they are transient and their SQLSTATE).</summary>
    private sealed class DatabaseError(bool transient, string? sqlState = null) : DbException("database error")
    {
        public override bool IsTransient => transient;

        public override string? SqlState => sqlState;
    }
}
