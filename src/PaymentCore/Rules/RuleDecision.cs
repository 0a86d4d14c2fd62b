using System.Collections.Immutable;
using System.Text;

namespace PaymentCore.Rules;

/// <summary>
/// One rule's outcome for one payment, kept on the record (<see cref="Transactions.TransactionRecord.RuleDecisions"/>)
/// and in the audit trail, so that every decision can be explained afterwards: which rule, what it decided, why, and
/// with which figures.
/// </summary>
/// <param name="Rule">The rule's <see cref="IPaymentRule.Name"/>.</param>
/// <param name="Verdict">What it decided.</param>
/// <param name="Explanation">A sentence that says why, such as "4 payments, 350.00 EUR in 24 h; limit 5 / 500.00 EUR".</param>
/// <param name="Figures">The figures it used, in the order the rule gave them.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record RuleDecision(string Rule, RuleVerdict Verdict, string Explanation, ImmutableArray<RuleFigure> Figures)
{
    /// <summary>Gets the figures, empty (never default) when none were given.</summary>
    public ImmutableArray<RuleFigure> Figures { get; init; } = Figures.IsDefault ? [] : Figures;

    /// <summary>Formats the decision as one line: <c>velocity: 4 payments, 350.00 EUR in 24 h; limit 5 / 500.00 EUR: approve</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => $"{Rule}: {Explanation}: {VerdictName(Verdict)}";

    /// <summary>Compares the rule, verdict, explanation and figures by content.</summary>
    /// <param name="other">The other decision.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(RuleDecision? other) =>
        other is not null
        && string.Equals(Rule, other.Rule, StringComparison.Ordinal)
        && Verdict == other.Verdict
        && string.Equals(Explanation, other.Explanation, StringComparison.Ordinal)
        && Figures.AsSpan().SequenceEqual(other.Figures.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Rule, Verdict, Explanation);

    /// <summary>Appends one line per decision (as <see cref="ToString"/> writes it) to <paramref name="text"/>, without a string per decision.</summary>
    /// <param name="text">Where to write.</param>
    /// <param name="decisions">The decisions, in chain order.</param>
    internal static void AppendTo(StringBuilder text, ImmutableArray<RuleDecision> decisions)
    {
        if (decisions.IsDefaultOrEmpty)
        {
            return;
        }

        for (var i = 0; i < decisions.Length; i++)
        {
            var decision = decisions[i];
            if (i > 0)
            {
                text.Append('\n');
            }

            text.Append(decision.Rule).Append(": ").Append(decision.Explanation).Append(": ").Append(VerdictName(decision.Verdict));
        }
    }

    private static string VerdictName(RuleVerdict verdict) => verdict switch
    {
        RuleVerdict.Approve => "approve",
        RuleVerdict.Decline => "decline",
        _ => verdict.ToString().ToLowerInvariant(),
    };
}
