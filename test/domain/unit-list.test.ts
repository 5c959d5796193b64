import { expect } from 'chai';
import { DEFAULT_UNITS } from '../../src/domain/default-units.js';
import { activeUnits } from '../../src/domain/roster.js';
import { applyUnitTexts, unitsToText } from '../../src/domain/unit-list.js';

describe('unit lists edited as text', () => {
  it('round-trips the seeded lists unchanged', () => {
    const texts = {
      OPA: unitsToText(DEFAULT_UNITS, 'OPA'),
      ASA: unitsToText(DEFAULT_UNITS, 'ASA'),
      RMA: unitsToText(DEFAULT_UNITS, 'RMA'),
    };
    const result = applyUnitTexts(DEFAULT_UNITS, texts);
    expect(result.ok && result.value.map((u) => u.id).sort()).to.deep.equal(
      DEFAULT_UNITS.map((u) => u.id).sort(),
    );
  });

  it('keeps ids of kept units, retires removed ones and adds new ones', () => {
    const text = 'Vedtaksenhet 1 | Decision unit 1\nEnhet for prioriterte saker | Prioritised cases unit';
    const result = applyUnitTexts(DEFAULT_UNITS, { ASA: text });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const asa = result.value.filter((u) => u.department === 'ASA');
    expect(activeUnits(result.value, 'ASA').map((u) => u.id)).to.deep.equal([
      'asa-unit-1',
      'asa-enhet-for-prioriterte-saker',
    ]);
    expect(asa.filter((u) => u.retired).map((u) => u.id)).to.deep.equal(['asa-unit-2', 'asa-unit-3']);
    expect(asa.find((u) => u.id === 'asa-enhet-for-prioriterte-saker')?.kind).to.equal('decisionUnit');
    // other departments untouched
    expect(result.value.filter((u) => u.department === 'OPA')).to.deep.equal(
      DEFAULT_UNITS.filter((u) => u.department === 'OPA'),
    );
  });

  it('brings a retired unit back when its line returns', () => {
    const retired = applyUnitTexts(DEFAULT_UNITS, { ASA: 'Vedtaksenhet 1' });
    if (!retired.ok) throw new Error('expected ok');
    const back = applyUnitTexts(retired.value, { ASA: 'Vedtaksenhet 1\nVedtaksenhet 2' });
    if (!back.ok) throw new Error('expected ok');
    expect(activeUnits(back.value, 'ASA').map((u) => u.id)).to.deep.equal(['asa-unit-1', 'asa-unit-2']);
  });

  it('uses the Norwegian name for English when no English name is given', () => {
    const result = applyUnitTexts(DEFAULT_UNITS, {
      RMA: 'Regionkontor Øst | Regional Office East\nRegionkontor Innlandet',
    });
    if (!result.ok) throw new Error('expected ok');
    const added = activeUnits(result.value, 'RMA').find((u) => u.name.nb === 'Regionkontor Innlandet');
    expect(added?.name.en).to.equal('Regionkontor Innlandet');
    expect(added?.id).to.equal('rma-regionkontor-innlandet');
  });

  it('refuses an empty list, duplicates and overlong names, naming the line', () => {
    expect(applyUnitTexts(DEFAULT_UNITS, { OPA: ' \n ' })).to.deep.equal({
      ok: false,
      error: { code: 'empty', department: 'OPA' },
    });
    expect(applyUnitTexts(DEFAULT_UNITS, { OPA: 'A\nB\na' })).to.deep.equal({
      ok: false,
      error: { code: 'duplicate', department: 'OPA', line: 3 },
    });
    expect(applyUnitTexts(DEFAULT_UNITS, { RMA: `Ok\n${'x'.repeat(121)}` })).to.deep.equal({
      ok: false,
      error: { code: 'too-long', department: 'RMA', line: 2 },
    });
  });
});
