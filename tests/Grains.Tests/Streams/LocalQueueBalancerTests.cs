using DigitalTwin.Grains.Streams;
using Orleans.Configuration;
using Orleans.Streams;

namespace DigitalTwin.Grains.Tests.Streams;

/// <summary>Queues in a silo's memory are read by that silo: it takes every one of them.</summary>
public sealed class LocalQueueBalancerTests
{
    [Fact]
    public async Task EveryQueueOfTheMapperIsThisSilos()
    {
        var mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = 5 }, DeviceStreams.ProviderName);
        var balancer = new LocalQueueBalancer();

        await balancer.Initialize(mapper);

        Assert.Equal(5, balancer.GetMyQueues().Count());
        Assert.Equal(mapper.GetAllQueues().ToHashSet(), balancer.GetMyQueues().ToHashSet());
    }
}
