/**
 * The export of meetings' records: the CSV read back with a CSV parser (rows, languages, formula
 * neutralisation, quoting, BOM, CRLF), and the Markdown rendered by a CommonMark/GFM renderer to
 * check that what people typed stays text.
 */
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { marked } from 'marked';
import type { Locale } from '../../../src/cards/i18n.js';
import {
  CSV_COLUMNS,
  type MeetingRecord,
  meetingMarkdown,
  periodMarkdown,
  recordCsv,
} from '../../../src/features/agenda/agenda-export.js';
import { type AgendaItem, newAgendaItem } from '../../../src/features/agenda/agenda-items.js';

const AT = '2027-01-04T09:00:00.000Z';
const PEOPLE: Record<string, string> = { kari: 'Kari Nordmann', ola: 'Ola Blåbær', per: 'Per Ås' };
const nameOf = (id: string) => PEOPLE[id] ?? '?';

function item(n: number, over: Partial<AgendaItem> = {}, by = 'kari'): AgendaItem {
  const reference = `S-2027-${String(n).padStart(4, '0')}`;
  return {
    ...newAgendaItem(
      `a${n}`,
      reference,
      {
        title: `Sak ${n}`,
        description: `Beskrivelse ${n}`,
        agendaKind: 'general',
        department: 'OPA',
        forum: 'coordinators',
        urgent: false,
        minutes: 15,
      },
      by,
      AT,
    ),
    state: 'done',
    meeting: { seriesId: 'koord', occurrence: '2027-01-12' },
    ...over,
  };
}

/** January's coordinators' meeting: every kind of outcome, a declined item and one not reached. */
const januaryItems: AgendaItem[] = [
  item(1, { acceptedSeq: 3, title: 'Lik praksis for refleksjonsperiode', outcome: { kind: 'discussed' } }),
  item(
    2,
    {
      acceptedSeq: 1,
      urgent: true,
      department: 'ASA',
      agendaKind: 'principled',
      title: 'Én enkeltsak om bosetting',
      outcome: { kind: 'referred' },
    },
    'ola',
  ),
  item(3, {
    acceptedSeq: 2,
    carriedOver: 2,
    minutes: 30,
    title: 'Vilkår for botid',
    reason: 'Tiden strakk ikke til.',
    outcome: { kind: 'clarified', clarification: 'Vilkårene vurderes likt i alle avdelinger.' },
  }),
  item(4, {
    acceptedSeq: 4,
    title: 'Felles sjekkliste',
    outcome: {
      kind: 'follow-up',
      what: 'Lage en felles sjekkliste',
      owner: 'per',
      due: '2027-02-01',
      action: 'f1',
    },
  }),
  item(5, {
    acceptedSeq: 5,
    agendaKind: 'information',
    title: 'Nytt rundskriv',
    outcome: { kind: 'initiative', what: 'Be AUA om en avklaring', by: 'kari' },
  }),
  item(6, { state: 'declined', reason: 'Hører hjemme i linja.', title: 'Et avslag' }, 'ola'),
  item(7, { state: 'accepted', acceptedSeq: 6, title: 'Ikke nådd' }),
];
/** Agenda order: carried over first, then urgent, then by acceptance (unaccepted last). */
const JANUARY_ORDER = [
  'S-2027-0003',
  'S-2027-0002',
  'S-2027-0001',
  'S-2027-0004',
  'S-2027-0005',
  'S-2027-0007',
  'S-2027-0006',
];

const january: MeetingRecord = {
  meeting: { title: 'Koordinatormøte januar', date: '2027-01-12', time: '10:00', forum: 'coordinators' },
  // Shuffled: the export puts them in agenda order itself.
  items: [
    januaryItems[4]!,
    januaryItems[0]!,
    januaryItems[6]!,
    januaryItems[2]!,
    januaryItems[5]!,
    januaryItems[1]!,
    januaryItems[3]!,
  ],
  nameOf,
};
const march: MeetingRecord = {
  meeting: { title: 'Nettverksmøte mars', date: '2027-03-09', time: '09:00', forum: 'network' },
  items: [
    item(8, {
      forum: 'network',
      department: 'RMA',
      agendaKind: 'consultation',
      carriedOver: 1,
      acceptedSeq: 7,
      title: 'Høring om mottak',
      meeting: { seriesId: 'nett', occurrence: '2027-03-09' },
      outcome: { kind: 'discussed' },
    }),
  ],
  nameOf,
};

const read = (csv: string): string[][] => parse(csv, { bom: true }) as string[][];
const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);

describe('agenda export: CSV', () => {
  // biome-ignore format: one row of the CSV a line
  const NB: string[][] = [
    ['Møtedato', 'Forum', 'Møte', 'Referanse', 'Tittel', 'Beskrivelse', 'Type', 'Avdeling', 'Meldt inn av', 'Haster', 'Minutter', 'Overført (ganger)', 'Status', 'Utfall', 'Utfallet', 'Begrunnelse for avvisning eller utsettelse'],
    ['2027-01-12', 'Koordinatormøtet', 'Koordinatormøte januar', 'S-2027-0003', 'Vilkår for botid', 'Beskrivelse 3', 'Generell sak', 'Oppholdsavdelingen (OPA)', 'Kari Nordmann', 'Nei', '30', '2', 'Behandlet', 'Avklart', 'Vilkårene vurderes likt i alle avdelinger.', 'Tiden strakk ikke til.'],
    ['2027-01-12', 'Koordinatormøtet', 'Koordinatormøte januar', 'S-2027-0002', 'Én enkeltsak om bosetting', 'Beskrivelse 2', 'Prinsipielt spørsmål fra en enkeltsak', 'Asylavdelingen (ASA)', 'Ola Blåbær', 'Ja', '15', '0', 'Behandlet', 'Henvist til linja', 'Beslutninger i enkeltsaker tas i linja, ikke av nettverket.', ''],
    ['2027-01-12', 'Koordinatormøtet', 'Koordinatormøte januar', 'S-2027-0001', 'Lik praksis for refleksjonsperiode', 'Beskrivelse 1', 'Generell sak', 'Oppholdsavdelingen (OPA)', 'Kari Nordmann', 'Nei', '15', '0', 'Behandlet', 'Drøftet', '', ''],
    ['2027-01-12', 'Koordinatormøtet', 'Koordinatormøte januar', 'S-2027-0004', 'Felles sjekkliste', 'Beskrivelse 4', 'Generell sak', 'Oppholdsavdelingen (OPA)', 'Kari Nordmann', 'Nei', '15', '0', 'Behandlet', 'Oppfølgingstiltak', 'Lage en felles sjekkliste (ansvarlig: Per Ås, frist: 1.\u00a0feb. 2027)', ''],
    ['2027-01-12', 'Koordinatormøtet', 'Koordinatormøte januar', 'S-2027-0005', 'Nytt rundskriv', 'Beskrivelse 5', 'Orientering', 'Oppholdsavdelingen (OPA)', 'Kari Nordmann', 'Nei', '15', '0', 'Behandlet', 'Initiativ tatt', 'Be AUA om en avklaring (ansvarlig: Kari Nordmann)', ''],
    ['2027-01-12', 'Koordinatormøtet', 'Koordinatormøte januar', 'S-2027-0007', 'Ikke nådd', 'Beskrivelse 7', 'Generell sak', 'Oppholdsavdelingen (OPA)', 'Kari Nordmann', 'Nei', '15', '0', 'På sakslisten', '', '', ''],
    ['2027-01-12', 'Koordinatormøtet', 'Koordinatormøte januar', 'S-2027-0006', 'Et avslag', 'Beskrivelse 6', 'Generell sak', 'Oppholdsavdelingen (OPA)', 'Ola Blåbær', 'Nei', '15', '0', 'Avvist', '', '', 'Hører hjemme i linja.'],
    ['2027-03-09', 'Nettverksmøtet', 'Nettverksmøte mars', 'S-2027-0008', 'Høring om mottak', 'Beskrivelse 8', 'Høring eller hastebestilling', 'Region- og mottaksavdelingen (RMA)', 'Kari Nordmann', 'Nei', '15', '1', 'Behandlet', 'Drøftet', '', ''],
  ];

  // biome-ignore format: one row of the CSV a line
  const EN: string[][] = [
    ['Meeting date', 'Forum', 'Meeting', 'Reference', 'Title', 'Description', 'Kind', 'Department', 'Raised by', 'Urgent', 'Minutes', 'Carried over (times)', 'State', 'Outcome', 'Outcome in words', 'Why declined or deferred'],
    ['2027-01-12', "Coordinators' meeting", 'Koordinatormøte januar', 'S-2027-0003', 'Vilkår for botid', 'Beskrivelse 3', 'General issue', 'Residence Department (OPA)', 'Kari Nordmann', 'No', '30', '2', 'Dealt with', 'Clarified', 'Vilkårene vurderes likt i alle avdelinger.', 'Tiden strakk ikke til.'],
    ['2027-01-12', "Coordinators' meeting", 'Koordinatormøte januar', 'S-2027-0002', 'Én enkeltsak om bosetting', 'Beskrivelse 2', 'Principled question from an individual case', 'Asylum Department (ASA)', 'Ola Blåbær', 'Yes', '15', '0', 'Dealt with', 'Referred to the line', 'Decisions in individual cases are made in the line, not by the network.', ''],
    ['2027-01-12', "Coordinators' meeting", 'Koordinatormøte januar', 'S-2027-0001', 'Lik praksis for refleksjonsperiode', 'Beskrivelse 1', 'General issue', 'Residence Department (OPA)', 'Kari Nordmann', 'No', '15', '0', 'Dealt with', 'Discussed', '', ''],
    ['2027-01-12', "Coordinators' meeting", 'Koordinatormøte januar', 'S-2027-0004', 'Felles sjekkliste', 'Beskrivelse 4', 'General issue', 'Residence Department (OPA)', 'Kari Nordmann', 'No', '15', '0', 'Dealt with', 'Follow-up action', 'Lage en felles sjekkliste (owner: Per Ås, due: 1 Feb 2027)', ''],
    ['2027-01-12', "Coordinators' meeting", 'Koordinatormøte januar', 'S-2027-0005', 'Nytt rundskriv', 'Beskrivelse 5', 'Information', 'Residence Department (OPA)', 'Kari Nordmann', 'No', '15', '0', 'Dealt with', 'Initiative taken', 'Be AUA om en avklaring (owner: Kari Nordmann)', ''],
    ['2027-01-12', "Coordinators' meeting", 'Koordinatormøte januar', 'S-2027-0007', 'Ikke nådd', 'Beskrivelse 7', 'General issue', 'Residence Department (OPA)', 'Kari Nordmann', 'No', '15', '0', 'On the agenda', '', '', ''],
    ['2027-01-12', "Coordinators' meeting", 'Koordinatormøte januar', 'S-2027-0006', 'Et avslag', 'Beskrivelse 6', 'General issue', 'Residence Department (OPA)', 'Ola Blåbær', 'No', '15', '0', 'Declined', '', '', 'Hører hjemme i linja.'],
    ['2027-03-09', 'Network meeting', 'Nettverksmøte mars', 'S-2027-0008', 'Høring om mottak', 'Beskrivelse 8', 'Consultation or urgent order', 'Regional and Reception Department (RMA)', 'Kari Nordmann', 'No', '15', '1', 'Dealt with', 'Discussed', '', ''],
  ];

  it('reads back as exactly the rows expected, in bokmål: meetings in date order, items in agenda order', () => {
    expect(read(recordCsv('nb', [march, january]))).to.deep.equal(NB);
  });

  it('reads back as exactly the rows expected, in English', () => {
    expect(read(recordCsv('en', [march, january]))).to.deep.equal(EN);
  });

  it('has only the header row when there is nothing to export', () => {
    expect(read(recordCsv('nb', []))).to.deep.equal([NB[0]]);
    expect(read(recordCsv('en', [{ ...january, items: [] }]))).to.deep.equal([EN[0]]);
  });

  it('starts with a UTF-8 byte order mark and ends every row with CRLF', () => {
    const csv = recordCsv('nb', [january]);
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(csv.indexOf('\uFEFF', 1)).to.equal(-1);
    // No cell here holds a line break, so every line break is a row's end.
    const lines = csv.slice(1).split('\r\n');
    expect(lines).to.have.length(januaryItems.length + 2);
    expect(lines.at(-1)).to.equal('');
    for (const line of lines) expect(line).not.to.match(/[\r\n]/);
    expect(lines[0]).to.equal(NB[0]!.join(','));
  });

  it('round-trips a cell with commas, quotes and line breaks, and Norwegian letters', () => {
    const text = 'Første linje, med komma\nAndre «sitat» og "sitat" linje\r\nTredje; æøå ÆØÅ';
    const rows = read(
      recordCsv('nb', [{ ...january, items: [item(1, { description: text, title: 'a,"b"' })] }]),
    );
    expect(rows).to.have.length(2);
    expect(rows[1]![column('description')]).to.equal(text);
    expect(rows[1]![column('title')]).to.equal('a,"b"');
  });

  describe('formula injection', () => {
    const PREFIXES = ['=', '+', '-', '@', '\t', '\r'];
    const payload = (prefix: string) => `${prefix}HYPERLINK("http://x","klikk her")`;

    /** The one item's row, its title, description, reason and clarification all starting with `prefix`. */
    function rowWith(prefix: string): string[] {
      const text = payload(prefix);
      const record: MeetingRecord = {
        meeting: { title: text, date: '2027-01-12', time: '10:00', forum: 'coordinators' },
        items: [
          item(1, {
            title: text,
            description: text,
            reason: text,
            outcome: { kind: 'clarified', clarification: text },
          }),
        ],
        nameOf: () => text,
        departmentName: () => text,
      };
      const rows = read(recordCsv('nb', [record]));
      expect(rows).to.have.length(2);
      return rows[1]!;
    }

    for (const prefix of PREFIXES) {
      it(`neutralises every cell that begins with ${JSON.stringify(prefix)}, keeping the rest of the text`, () => {
        const row = rowWith(prefix);
        for (const name of [
          'title',
          'description',
          'reason',
          'outcomeText',
          'meetingTitle',
          'submitter',
          'department',
        ] as const)
          expect(row[column(name)], name).to.equal(`'${payload(prefix)}`);
      });
    }

    it('neutralises the initiative and follow-up texts, and leaves other cells and the counts alone', () => {
      const record: MeetingRecord = {
        ...january,
        items: [
          item(1, { acceptedSeq: 1, outcome: { kind: 'initiative', what: '@SUM(A1)', by: 'kari' } }),
          item(2, {
            acceptedSeq: 2,
            title: 'a=b',
            outcome: { kind: 'follow-up', what: '-2+3', owner: 'per', due: '2027-02-01', action: 'f' },
          }),
        ],
      };
      const rows = read(recordCsv('en', [record]));
      expect(rows[1]![column('outcomeText')]).to.equal("'@SUM(A1) (owner: Kari Nordmann)");
      expect(rows[2]![column('outcomeText')]).to.equal("'-2+3 (owner: Per Ås, due: 1 Feb 2027)");
      // Only a leading character counts; the bot's own numbers and dates stay as they are.
      expect(rows[2]![column('title')]).to.equal('a=b');
      expect(rows[2]![column('minutes')]).to.equal('15');
      expect(rows[2]![column('meetingDate')]).to.equal('2027-01-12');
      for (const row of rows)
        for (const cell of row) expect(/^[=+\-@\t\r]/.test(cell), JSON.stringify(cell)).to.equal(false);
    });
  });
});

describe('agenda export: Markdown', () => {
  /** Each item's section, by reference, in the order they appear (headings of `level`). */
  function sections(markdown: string, level: string): [string, string][] {
    const heading = new RegExp(`^${level} \\d+\\. (S-\\d{4}-\\d{4}): `, 'gm');
    const found = [...markdown.matchAll(heading)];
    return found.map((match, i) => [
      match[1]!,
      markdown.slice(match.index, i + 1 < found.length ? found[i + 1]!.index : undefined),
    ]);
  }
  const render = (markdown: string) => marked.parse(markdown, { async: false, gfm: true });

  it("lists a meeting's items in agenda order, numbered, each with its outcome (bokmål)", () => {
    const markdown = meetingMarkdown('nb', january);
    expect(markdown).to.match(/^# Referat: Koordinatormøte januar\n/);
    expect(markdown).to.include('- **Tid:** 12.\u00a0jan. 2027 kl. 10:00');
    expect(markdown).to.include('- **Forum:** Koordinatormøtet');
    const found = sections(markdown, '##');
    expect(found.map(([reference]) => reference)).to.deep.equal(JANUARY_ORDER);
    expect(markdown).to.include('## 1. S-2027-0003: Vilkår for botid');
    const section = Object.fromEntries(found);
    expect(section['S-2027-0003']).to.include(
      '**Utfall:** Avklart\n\nVilkårene vurderes likt i alle avdelinger.',
    );
    expect(section['S-2027-0003']).to.include('**Overført fra tidligere møter:** 2 ganger');
    expect(section['S-2027-0003']).to.include('**Begrunnelse for utsettelsen:**\n\nTiden strakk ikke til.');
    expect(section['S-2027-0002']).to.include('**Utfall:** Henvist til linja');
    expect(section['S-2027-0002']).to.include('- **Haster**');
    expect(section['S-2027-0002']).to.include('- **Meldt inn av:** Ola Blåbær');
    expect(section['S-2027-0001']).to.include('**Utfall:** Drøftet');
    expect(section['S-2027-0004']).to.include(
      '**Utfall:** Oppfølgingstiltak (ansvarlig: Per Ås, frist: 1.\u00a0feb. 2027)\n\nLage en felles sjekkliste',
    );
    expect(section['S-2027-0005']).to.include(
      '**Utfall:** Initiativ tatt (ansvarlig: Kari Nordmann)\n\nBe AUA om en avklaring',
    );
    expect(section['S-2027-0007']).to.include('**Status:** På sakslisten');
    expect(section['S-2027-0006']).to.include('**Status:** Avvist');
    expect(section['S-2027-0006']).to.include('**Begrunnelse for avvisningen:**\n\nHører hjemme i linja.');
  });

  it('says plainly, for an item referred to the line, that decisions in individual cases are made there', () => {
    const nb = Object.fromEntries(sections(meetingMarkdown('nb', january), '##'));
    expect(nb['S-2027-0002']).to.include('Beslutninger i enkeltsaker tas i linja, ikke av nettverket.');
    const en = Object.fromEntries(sections(meetingMarkdown('en', january), '##'));
    expect(en['S-2027-0002']).to.include('**Outcome:** Referred to the line');
    expect(en['S-2027-0002']).to.include(
      'Decisions in individual cases are made in the line, not by the network.',
    );
    // Only there: an item that was merely discussed does not say it.
    expect(en['S-2027-0001']).not.to.include('made in the line');
  });

  it('is in English for an English reader', () => {
    const markdown = meetingMarkdown('en', january);
    expect(markdown).to.match(/^# Record: Koordinatormøte januar\n/);
    expect(markdown).to.include('- **When:** 12 Jan 2027, 10:00');
    expect(markdown).to.include("- **Forum:** Coordinators' meeting");
    expect(markdown).to.include('**Outcome:** Follow-up action (owner: Per Ås, due: 1 Feb 2027)');
    expect(markdown).to.include('- **Carried over from earlier meetings:** 2 times');
    expect(markdown).not.to.include('Utfall');
  });

  it('escapes what people typed: no heading, link, table, code or HTML of their own', () => {
    const typed = item(1, {
      title: '# heading | `kode`',
      description: [
        '[link](http://x) og <script>alert(1)</script>',
        '- ikke en liste',
        '1. ikke nummerert',
        '| a | b |',
        '| --- | --- |',
        '| c | d |',
        '```',
        'blokk',
        '```',
        '    innrykk',
        '&amp; *uthevet* _også_ ~~strøket~~ www.example.no',
      ].join('\n'),
      reason: '## ikke en overskrift\n===',
      outcome: { kind: 'clarified', clarification: '> sitat\n<b>fet</b> ![bilde](http://x/y.png)' },
    });
    const record: MeetingRecord = {
      meeting: { title: '<i>Møte</i> [x](http://y)', date: '2027-01-12', time: '10:00', forum: 'network' },
      items: [typed],
      nameOf: () => '**Kari** <img src=x>',
    };
    const markdown = meetingMarkdown('nb', record);
    expect(markdown).to.include('## 1. S-2027-0001: \\# heading \\| \\`kode\\`');
    expect(markdown).to.include('\\[link\\](http\\://x) og \\<script\\>alert(1)\\</script\\>');
    expect(markdown).to.include('\\| a \\| b \\|');

    const html = render(markdown);
    // The document's own structure only: one h1 (the meeting), one h2 (the item), no other headings.
    expect(html.match(/<h1/g)).to.have.length(1);
    expect(html.match(/<h2/g)).to.have.length(1);
    for (const tag of [
      '<h3',
      '<a ',
      '<img',
      '<script',
      '<table',
      '<code',
      '<pre',
      '<blockquote',
      '<em',
      '<del',
      '<i>',
      '<b>',
      '<ol',
    ])
      expect(html, tag).not.to.include(tag);
    // The only list items are the bot's own facts.
    expect(html).not.to.match(/<li>\s*(ikke en liste|ikke nummerert)/);
    // And the typed text is all there, as text.
    for (const text of [
      '# heading | `kode`',
      '[link](http://x) og &lt;script&gt;alert(1)&lt;/script&gt;',
      '- ikke en liste',
      '1. ikke nummerert',
      '| --- | --- |',
      '&amp;amp; *uthevet* _også_ ~~strøket~~ www.example.no',
      '## ikke en overskrift',
      '&gt; sitat',
      '![bilde](http://x/y.png)',
      '**Kari** &lt;img src=x&gt;',
      '&lt;i&gt;Møte&lt;/i&gt; [x](http://y)',
    ])
      expect(html, text).to.include(text);
  });

  it('keeps the line breaks and paragraphs people typed', () => {
    const typed = item(1, { description: 'Første\nandre\n\n\nNytt avsnitt' });
    const html = render(meetingMarkdown('nb', { ...january, items: [typed] }));
    expect(html).to.include('<p>Første<br>andre</p>\n<p>Nytt avsnitt</p>');
  });

  it('says so when a meeting had no items', () => {
    expect(meetingMarkdown('nb', { ...january, items: [] })).to.include('Ingen saker på dette møtet.');
    expect(meetingMarkdown('nb', january)).not.to.include('Ingen saker på dette møtet.');
  });
});

describe('agenda export: a period', () => {
  it('has its meetings in date order, each with its items in agenda order', () => {
    const markdown = periodMarkdown('nb', [march, january], { from: '2027-01-01', to: '2027-12-31' });
    expect(markdown).to.match(/^# Referat fra nettverkets møter 1\.\u00a0jan\. 2027–31\.\u00a0des\. 2027\n/);
    expect(markdown).to.include('- **Møter:** 2\n- **Saker:** 8');
    const meetings = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(meetings).to.deep.equal([
      'Koordinatormøte januar, 12.\u00a0jan. 2027 kl. 10:00',
      'Nettverksmøte mars, 9.\u00a0mars 2027 kl. 09:00',
    ]);
    const items = [...markdown.matchAll(/^### (\d+)\. (S-\d{4}-\d{4}):/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(items).to.deep.equal([...JANUARY_ORDER.map((r, i) => `${i + 1} ${r}`), '1 S-2027-0008']);
    expect(markdown).to.include('Beslutninger i enkeltsaker tas i linja, ikke av nettverket.');
    expect(markdown).not.to.include('Ingen saker i perioden.');
  });

  it('says so when the period has no items, with or without meetings', () => {
    for (const [locale, text] of [
      ['nb', 'Ingen saker i perioden.'],
      ['en', 'No items in this period.'],
    ] as [Locale, string][]) {
      expect(periodMarkdown(locale, []), locale).to.include(text);
      const empty = periodMarkdown(locale, [{ ...january, items: [] }], {
        from: '2027-01-01',
        to: '2027-06-30',
      });
      expect(empty, locale).to.include(text);
      expect(empty, locale).not.to.match(/^##/m);
    }
    expect(periodMarkdown('en', [])).to.match(/^# Record of the network's meetings\n/);
  });
});
