using Microsoft.Extensions.Options;
using PaymentCore.DataProtection;

namespace PaymentCore.Tests.DataProtection;

// AES-256-GCM field encryption (issue 12): round trip, rotation, re-encryption, and each way a ciphertext can go
// wrong reported with its documented failure, never as garbage.
public sealed class FieldEncryptorTests
{
    private static readonly FieldBinding Payee = new("transactions", "txn_1", "payee");

    private static DataKey Key(string id, byte fill) => new(id, Enumerable.Repeat(fill, 32).ToArray());

    private static FieldEncryptor Encryptor(params DataKey[] keys) =>
        new(KeyRing.Create(new KeySet(keys, keys[^1].Id, keys[0].Id)));

    [Theory]
    [InlineData("")]
    [InlineData("acct_coffee_shop")]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("Ünïcödé ✓ 値 \U0001F4B3")]
    public void EncryptText_ThenDecrypt_RoundTripsAndHidesThePlaintext(string plaintext)
    {
        var encryptor = Encryptor(Key("k1", 1));

        var ciphertext = encryptor.EncryptText(plaintext, Payee);

        Assert.StartsWith(FieldEncryptor.TextPrefix, ciphertext, StringComparison.Ordinal);
        Assert.Equal("k1", FieldEncryptor.KeyIdOfText(ciphertext));
        if (plaintext.Length > 3)
        {
            Assert.DoesNotContain(plaintext, ciphertext, StringComparison.Ordinal);
        }

        Assert.Equal(plaintext, encryptor.DecryptText(ciphertext, Payee));
    }

    [Fact]
    public void EncryptText_SameValueTwice_GivesDifferentCiphertexts() =>
        // Random nonces: equal plaintexts must not be recognisable as equal in the database.
        Assert.NotEqual(Encryptor(Key("k1", 1)).EncryptText("same", Payee), Encryptor(Key("k1", 1)).EncryptText("same", Payee));

    [Fact]
    public void DecryptText_AfterRotation_ReadsValuesOfTheOlderKey()
    {
        var old = Encryptor(Key("k1", 1));
        var written = old.EncryptText("acct_1", Payee);

        var rotated = Encryptor(Key("k1", 1), Key("k2", 2));

        Assert.Equal("k2", rotated.Keys.ActiveKeyId);
        Assert.Equal("acct_1", rotated.DecryptText(written, Payee));
        Assert.Equal("k2", FieldEncryptor.KeyIdOfText(rotated.EncryptText("acct_2", Payee)));
    }

    [Fact]
    public void ReencryptText_EveryValue_LeavesNothingUnderTheRetiredKey()
    {
        var old = Encryptor(Key("k1", 1));
        var rows = Enumerable.Range(0, 50).Select(i => (Binding: new FieldBinding("transactions", "txn_" + i, "payee"), Value: "acct_" + i)).ToArray();
        var stored = rows.Select(r => old.EncryptText(r.Value, r.Binding)).ToArray();
        var rotated = Encryptor(Key("k1", 1), Key("k2", 2));

        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = rotated.ReencryptText(stored[i], rows[i].Binding);
        }

        Assert.All(stored, s => Assert.Equal("k2", FieldEncryptor.KeyIdOfText(s)));
        var retired = new FieldEncryptor(KeyRing.Create(new KeySet([Key("k2", 2)], "k2", "k2")));
        Assert.Equal(rows.Select(r => r.Value), stored.Select((s, i) => retired.DecryptText(s, rows[i].Binding)));
        Assert.Same(stored[0], rotated.ReencryptText(stored[0], rows[0].Binding)); // already under the active key
    }

    [Fact]
    public void DecryptText_AnyFlippedByte_IsATypedFailureNeverGarbage()
    {
        var encryptor = Encryptor(Key("k1", 1));
        var bytes = Convert.FromBase64String(encryptor.EncryptText("acct_coffee_shop", Payee)[FieldEncryptor.TextPrefix.Length..]);

        for (var i = 0; i < bytes.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var copy = (byte[])bytes.Clone();
                copy[i] ^= (byte)(1 << bit);
                var ex = Assert.Throws<DataProtectionException>(() => encryptor.Decrypt(copy, Payee));
                // Header bytes give Malformed/UnknownKeyId/WrongKey; nonce, tag and body give Tampered.
                var expected = i switch
                {
                    0 or 1 => new[] { DataProtectionFailure.Malformed, DataProtectionFailure.UnknownKeyId },
                    2 or 3 => [DataProtectionFailure.Malformed, DataProtectionFailure.UnknownKeyId],
                    >= 4 and < 8 => [DataProtectionFailure.WrongKey],
                    _ => [DataProtectionFailure.Tampered],
                };
                Assert.True(expected.Contains(ex.Failure), $"byte {i} bit {bit}: {ex.Failure}");
            }
        }

        // The body specifically: the documented failure for a changed value.
        var body = (byte[])bytes.Clone();
        body[^1] ^= 1;
        Assert.Equal(DataProtectionFailure.Tampered, Assert.Throws<DataProtectionException>(() => encryptor.Decrypt(body, Payee)).Failure);
    }

    [Theory]
    [InlineData("transactions", "txn_2", "payee")] // swapped between rows
    [InlineData("transactions", "txn_1", "description")] // moved to another field
    [InlineData("refunds", "txn_1", "payee")] // moved to another table
    public void DecryptText_CiphertextMovedToAnotherRowOrField_IsTampered(string table, string row, string field)
    {
        var encryptor = Encryptor(Key("k1", 1));
        var ciphertext = encryptor.EncryptText("acct_1", Payee);

        var ex = Assert.Throws<DataProtectionException>(() => encryptor.DecryptText(ciphertext, new FieldBinding(table, row, field)));

        Assert.Equal(DataProtectionFailure.Tampered, ex.Failure);
        Assert.DoesNotContain("acct_1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecryptText_WrongKeyUnderTheSameId_IsWrongKey()
    {
        var ciphertext = Encryptor(Key("k1", 1)).EncryptText("acct_1", Payee);

        var ex = Assert.Throws<DataProtectionException>(() => Encryptor(Key("k1", 9)).DecryptText(ciphertext, Payee));

        Assert.Equal((DataProtectionFailure.WrongKey, "k1"), (ex.Failure, ex.KeyId));
    }

    [Fact]
    public void DecryptText_KeyIdNotInTheRing_IsUnknownKeyId()
    {
        var ciphertext = Encryptor(Key("k1", 1)).EncryptText("acct_1", Payee);

        var ex = Assert.Throws<DataProtectionException>(() => Encryptor(Key("k2", 2)).DecryptText(ciphertext, Payee));

        Assert.Equal((DataProtectionFailure.UnknownKeyId, "k1"), (ex.Failure, ex.KeyId));
    }

    [Theory]
    [InlineData("acct_1")]
    [InlineData("pc1:")]
    [InlineData("pc1:!!notbase64")]
    [InlineData("pc1:AQ==")]
    [InlineData("pc1:AgJrMQAAAAA=")] // version 2
    public void DecryptText_NotACiphertext_IsMalformed(string value) =>
        Assert.Equal(DataProtectionFailure.Malformed, Assert.Throws<DataProtectionException>(() => Encryptor(Key("k1", 1)).DecryptText(value, Payee)).Failure);

    [Fact]
    public void EncryptText_NoKeyConfigured_IsNotConfigured()
    {
        var encryptor = new FieldEncryptor(KeyRing.Create(KeySet.Empty));

        Assert.False(encryptor.Keys.IsConfigured);
        Assert.Equal(DataProtectionFailure.NotConfigured, Assert.Throws<DataProtectionException>(() => encryptor.EncryptText("x", Payee)).Failure);
    }

    [Fact]
    public void EncryptText_BrokenUtf16_IsRefusedNotSilentlyChanged() =>
        Assert.Throws<ArgumentException>(() => Encryptor(Key("k1", 1)).EncryptText("k\ud800", Payee));

    [Fact]
    public void KeyRing_ActiveOrIndexKeyMissing_IsUnknownKeyId()
    {
        Assert.Equal(DataProtectionFailure.UnknownKeyId, Assert.Throws<DataProtectionException>(() => KeyRing.Create(new KeySet([Key("k1", 1)], "k9", "k1"))).Failure);
        Assert.Equal(DataProtectionFailure.UnknownKeyId, Assert.Throws<DataProtectionException>(() => KeyRing.Create(new KeySet([Key("k1", 1)], "k1", "k9"))).Failure);
        Assert.Equal(DataProtectionFailure.Malformed, Assert.Throws<DataProtectionException>(() => KeyRing.Create(new KeySet([Key("k1", 1), Key("k1", 2)], "k1", "k1"))).Failure);
    }

    [Fact]
    public void ToString_KeysAndRing_ShowIdsOnly()
    {
        var key = Key("k1", 0x41);
        var ring = KeyRing.Create(new KeySet([key], "k1", "k1"));

        Assert.Equal("DataKey(k1)", key.ToString());
        Assert.Equal("KeyRing(active k1; keys k1)", ring.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("0123456789012345678901234567890123")]
    public void DataKey_BadId_IsRefused(string id) =>
        Assert.Throws<ArgumentException>(() => new DataKey(id, new byte[32]));

    [Fact]
    public void DataKey_MaterialNot32Bytes_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new DataKey("k1", new byte[16]));

    [Fact]
    public void ConfiguredKeyProvider_OptionsThenEnvironment_LastIsActiveFirstIndexes()
    {
        var k1 = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
        var k2 = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());
        var fromOptions = new DataProtectionOptions();
        fromOptions.Keys.Add("k1:" + k1);
        fromOptions.Keys.Add("k2:" + k2);

        var set = new ConfiguredKeyProvider(Options.Create(fromOptions), _ => null).GetKeys();
        var env = new ConfiguredKeyProvider(Options.Create(new DataProtectionOptions()), name => name == "PAYMENTCORE_DATA_KEYS" ? $"k1:{k1}, k2:{k2}" : null).GetKeys();
        var none = new ConfiguredKeyProvider(Options.Create(new DataProtectionOptions()), _ => null).GetKeys();

        Assert.Equal((2, "k2", "k1"), (set.Keys.Count, set.ActiveKeyId, set.BlindIndexKeyId));
        Assert.Equal((2, "k2", "k1"), (env.Keys.Count, env.ActiveKeyId, env.BlindIndexKeyId));
        Assert.Same(KeySet.Empty, none);
    }

    [Theory]
    [InlineData("no-colon")]
    [InlineData("k1:notbase64!")]
    [InlineData("k1:AAAA")] // 3 bytes
    public void ConfiguredKeyProvider_BadEntry_IsMalformedWithoutQuotingIt(string entry)
    {
        var options = new DataProtectionOptions();
        options.Keys.Add(entry);

        var ex = Assert.Throws<DataProtectionException>(() => new ConfiguredKeyProvider(Options.Create(options), _ => null).GetKeys());

        Assert.Equal(DataProtectionFailure.Malformed, ex.Failure);
        Assert.DoesNotContain(entry[(entry.IndexOf(':') + 1)..], ex.Message, StringComparison.Ordinal);
    }
}
