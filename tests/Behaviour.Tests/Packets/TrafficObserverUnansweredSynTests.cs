using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Tests.Packets;

/// <summary>unanswered_syn_ratio: the share of the window's connection attempts that drew neither a SYN-ACK nor a reset by its end.</summary>
public sealed class TrafficObserverUnansweredSynTests
{
    private const string Device = "10.0.0.1";
    private const string Remote = "192.0.2.10";

    [Fact]
    public void AnAttemptAnsweredByASynAckIsAnswered()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Remote, 443).Handshake(1.0).Close(2.0);
        traffic.Complete();

        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.UnansweredSynRatio));
    }

    [Fact]
    public void AnAttemptAnsweredByAResetIsAnswered()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Remote, 23).Syn(1.0).ServerReset(1.02);
        traffic.Complete();

        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.UnansweredSynRatio));
        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.FailedConnections));
    }

    [Fact]
    public void AnAttemptWhoseSynAndRetriesDrawNothingIsOneUnansweredAttempt()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Remote, 443).Syn(1.0).SynAgain(2.0).SynAgain(4.0);
        traffic.AdvanceTo(12);

        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.UnansweredSynRatio));
        Assert.Equal(3, traffic.Feature(Device, 0, NetworkFeature.SynOut));
    }

    [Fact]
    public void MixedAttemptsGiveTheUnansweredFraction()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Remote, 443).Handshake(1.0);
        traffic.Tcp(Device, 50001, Remote, 23).Syn(1.1).ServerReset(1.12);
        traffic.Tcp(Device, 50002, Remote, 8443).Syn(1.2).SynAgain(2.2);
        traffic.Tcp(Device, 50003, "192.0.2.11", 443).Syn(1.3);
        traffic.AdvanceTo(12);

        Assert.Equal(0.5, traffic.Feature(Device, 0, NetworkFeature.UnansweredSynRatio));
    }

    [Fact]
    public void AnAttemptAnsweredOnlyInTheNextWindowIsUnansweredInItsOwnWindowByDefinitionAndNotCountedInTheNext()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Remote, 443).Syn(9.9).SynAck(10.05).Ack(10.1);
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.UnansweredSynRatio));
        Assert.Equal(0, traffic.Feature(Device, 1, NetworkFeature.UnansweredSynRatio));
        Assert.Equal(0, traffic.Feature(Device, 1, NetworkFeature.FailedConnections));
    }

    [Fact]
    public void ALateAnswerToAnEarlierWindowsAttemptDoesNotAnswerThisWindowsAttempts()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Remote, 443).Syn(9.9);
        traffic.Tcp(Device, 50001, Remote, 443).Syn(10.2);
        traffic.Tcp(Device, 50000, Remote, 443).SynAck(10.3);
        traffic.AdvanceTo(25);

        Assert.Equal(1, traffic.Feature(Device, 1, NetworkFeature.UnansweredSynRatio));
    }
}
