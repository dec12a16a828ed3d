using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Sagas;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Orchestrator.Tests.Sagas;

/// <summary>
/// A run saved before chains were built apart holds its one marts build in the summary properties of
/// <see cref="MartsRun"/> and no <see cref="MartsRun.Chains"/>; every query of the saga's steps upgrades it first.
/// </summary>
public class When_a_run_from_before_marts_chains_is_handled
{
    [Fact]
    public void Should_wait_for_every_chain_when_its_build_was_pending()
    {
        var marts = new MartsRun { Status = MartsStatus.Pending };

        marts.AllChainsSettled.Should().BeFalse("a pending build is not settled, though no chain was stored");
        marts.ChainsIn(MartsStatus.Pending).Select(c => c.Chain).Should().Equal(
            MartsInputs.Chains.Cast<MartsChainName?>());
    }

    [Fact]
    public void Should_keep_a_running_build_as_one_entry_for_every_chain()
    {
        var sentAt = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
        var marts = new MartsRun { Status = MartsStatus.Building, Attempt = 2, SentAt = sentAt, StartedAt = sentAt };

        var building = marts.ChainsIn(MartsStatus.Building);

        building.Should().ContainSingle();
        building[0].Should().BeEquivalentTo(new { Chain = (MartsChainName?)null, Attempt = 2, SentAt = sentAt });
        marts.ChainsIn(MartsStatus.Building, MartsChainName.Orders).Should().BeEmpty(
            "its BuildMarts named no chain, so only an answer for every chain settles it");
        marts.Chains.Should().HaveCount(1, "the upgrade is stored with the run");
    }

    [Fact]
    public void Should_leave_a_settled_build_settled()
    {
        var marts = new MartsRun { Status = MartsStatus.Built };

        marts.AllChainsSettled.Should().BeTrue();
        marts.ChainsIn(MartsStatus.Pending).Should().BeEmpty();
    }
}
