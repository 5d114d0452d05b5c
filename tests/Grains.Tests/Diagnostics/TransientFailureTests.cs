using System.Data.Common;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Twins;
using Orleans.Serialization;

namespace DigitalTwin.Grains.Tests.Diagnostics;

public sealed class TransientFailureTests
{
    [Fact]
    public void ASiloGoneOrNotAnsweringInTimeIsTransient()
    {
        Assert.True(TransientFailure.IsTransient(new SiloUnavailableException()));
        Assert.True(TransientFailure.IsTransient(new TimeoutException("response did not arrive on time")));
    }

    [Fact]
    public void ATwinReloadingAfterAFailedWriteIsTransient() =>
        Assert.True(TransientFailure.IsTransient(new TwinUnavailableException("twin 'd1' is reloading from storage after a failed write; try again")));

    [Fact]
    public void TheDatabaseDownIsTransientWhereverItIsWrapped()
    {
        var down = new DatabaseError(transient: true);

        Assert.True(TransientFailure.IsTransient(down));
        Assert.True(TransientFailure.IsTransient(new OrleansException("Error from storage provider during ReadState", down)));
    }

    [Theory]
    [InlineData("22P05")] // a NUL escape in jsonb
    [InlineData("22021")] // a byte sequence that is no text
    [InlineData("23505")] // a unique violation
    public void DataTheDatabaseRefusesIsNotTransientEvenWhenTheReloadingTwinWrapsIt(string sqlState) =>
        Assert.False(TransientFailure.IsTransient(new TwinUnavailableException("twin 'd1' could not append to the message log", new DatabaseError(transient: false, sqlState))));

    [Theory]
    [InlineData("57014")] // a statement cancelled by its timeout under load
    [InlineData("42P01")] // a table missing: the schema is being put right, the device re-sends meanwhile
    [InlineData(null)]
    public void AnyOtherDatabaseErrorIsTransient(string? sqlState) =>
        Assert.True(TransientFailure.IsTransient(new DatabaseError(transient: false, sqlState)));

    [Fact]
    public void WhatCrossedFromAnotherSiloWithoutItsCauseIsTransient()
    {
        // Orleans cannot copy Npgsql's exceptions: a twin activating on another silo while the database is away
        // fails there with a stand-in, or with a bare OrleansException.
        Assert.True(TransientFailure.IsTransient(new UnavailableExceptionFallbackException("Exception of type Npgsql.NpgsqlException", null!)));
        Assert.True(TransientFailure.IsTransient(new OrleansException("Error from storage provider during ReadState")));
        Assert.True(TransientFailure.IsTransient(new OperationCanceledException("the read was cancelled")));
    }

    [Fact]
    public void AFailureOfTheTwinItselfIsNotTransient()
    {
        Assert.False(TransientFailure.IsTransient(new InvalidOperationException("a bug")));
        Assert.False(TransientFailure.IsTransient(new ArgumentException("a bug")));
    }

    /// <summary>What a database driver throws (Npgsql's exceptions are <see cref="DbException"/>s that know whether they are transient and their SQLSTATE).</summary>
    private sealed class DatabaseError(bool transient, string? sqlState = null) : DbException("database error")
    {
        public override bool IsTransient => transient;

        public override string? SqlState => sqlState;
    }
}
