using FsCheck;
using FsCheck.Fluent;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.StepUp;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Transactions;

namespace PaymentCore.PropertyTests;

/// <summary>Issue 13: the step-up state machine, for any sequence of answers.</summary>
public class StepUpProperties
{
    private enum Answer
    {
        Right,
        Wrong,
        Late,
        SameKeyAgain,
    }

    /// <summary>
    /// Any sequence of right, wrong, late and repeated answers: the payment is authorized exactly when a right answer
    /// came in time before five wrong ones, declined after the fifth wrong one, failed when late; nothing is held
    /// while it waits; at most one hold, and a repeated key never changes the record.
    /// </summary>
    [PaymentProperty]
    public Property StepUp_AnyAnswers_AuthorizedOnlyAfterARightAnswerInTime()
    {
        var answers = Gen.Choose(1, 9).SelectMany(n => Gen.ArrayOf(Gen.Elements(Answer.Right, Answer.Wrong, Answer.Wrong, Answer.Late, Answer.SameKeyAgain), n));
        return Prop.ForAll(Arb.From(answers), sequence =>
        {
            var time = new FastForwardTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
            var issuer = new InMemoryAuthorizer();
            var store = new InMemoryTransactionStore();
            var phone = new InMemoryOneTimeCodeNotifier();
            var processor = new PaymentProcessor(
                [new StepUpRule([Money.FromMajor(30m, Currency.EUR)])],
                issuer,
                store,
                null,
                time,
                stepUpAuthenticators: [new OneTimeCodeAuthenticator(phone, new OneTimeCodeOptions { HashKey = new byte[32] }, time)]);
            var request = new PaymentRequest { IdempotencyKey = "p1", MerchantId = "m1", Amount = Money.FromMajor(99m, Currency.EUR), Payer = TestInstruments.Approves, Payee = "acct_1" };
            var id = processor.ProcessAsync(request).AsTask().GetAwaiter().GetResult().Id;
            var code = phone.LastCodeFor(id.ToString());
            var wrong = code == "000000" ? "111111" : "000000";

            // The model: what the payment must come to.
            var expected = TransactionStatus.RequiresAction;
            var wrongAnswers = 0;
            string? lastKey = null;
            for (var i = 0; i < sequence.Length; i++)
            {
                var before = store.GetAsync(id).AsTask().GetAwaiter().GetResult()!;
                var answer = sequence[i];
                if (answer == Answer.Late)
                {
                    time.Advance(TimeSpan.FromMinutes(5));
                }

                var replay = answer == Answer.SameKeyAgain && lastKey is not null;
                var key = replay ? lastKey! : "c" + i;
                lastKey = key;
                var typed = answer == Answer.Wrong ? wrong : code;
                _ = processor.ConfirmStepUpAsync("m1", id, typed, key).AsTask().GetAwaiter().GetResult();
                var after = store.GetAsync(id).AsTask().GetAwaiter().GetResult()!;

                if (replay)
                {
                    Assert.Equal(before, after); // a repeated key is a replay: nothing is checked or written again
                    continue;
                }

                if (expected == TransactionStatus.RequiresAction)
                {
                    expected = answer switch
                    {
                        Answer.Late => TransactionStatus.Failed,
                        Answer.Wrong when ++wrongAnswers == 5 => TransactionStatus.Declined,
                        Answer.Wrong => TransactionStatus.RequiresAction,
                        _ => TransactionStatus.Captured,
                    };
                }

                Assert.Equal(expected, after.Status);
                if (after.Status == TransactionStatus.RequiresAction)
                {
                    Assert.Equal(Money.Zero(Currency.EUR), after.Authorized); // nothing held while it waits
                    Assert.Equal(5 - wrongAnswers, after.StepUp!.Challenge!.AttemptsLeft);
                }
            }

            var holds = issuer.GetHolds().Count;
            Assert.Equal(expected == TransactionStatus.Captured ? 1 : 0, holds);
            Assert.Empty(issuer.Mistakes);
        });
    }
}
