"""The seven sample calls for generate.py: who says what, when, and what each must produce. Data only.

Script lines: ("A"|"C", text[, gap_s]) is a turn by agent|customer, `gap_s` after the floor holder stops
(default 0.4-1.2 s, or 0.35-0.8 s when the same party goes on; 3 s or more is dead air; the first turn starts
at `gap_s`, default 0.8 s); ("a"|"c", text, at) is a backchannel near fraction `at` of the other's current
utterance; ("A>"|"C>", text, at) is a cut-in there; ("~", kind, channel, at_s[, arg]) is a line artefact
`at_s` after the floor holder stops (after 0 before anyone spoke): dial_tone, test_tone and hold_music take
their length in s, ringback its number of bursts (2 s on, 4 s off), dtmf its digits (80 ms on, 80 ms off);
a click is one sample. `alerts`: the expected alerts besides those the events imply (agent_interrupts,
silence_gap). Optional keys: `levels` (speech dBFS per role), `step` (role, dB: that voice's gain steps at
half time), `line` (comfort noise dBFS and DC offset per channel, at 8 kHz), `babble` (office background),
`leak` (role: (dB, ms), that voice into the other channel).
"""
CALLS = [dict(
    name="call-01-calm", seed=1, alerts=[],
    description="polite billing call: alternating turns, 4 agent and 1 customer backchannels, 4 s dead air",
    script=[
        ("A", "Northwind Mobile, this is Sam. How can I help?"),
        ("C", "Hi Sam. My last bill is a lot higher than usual, and I really don't think I made any extra calls "
              "this month."),
        ("a", "I see", 0.55),
        ("A", "Sorry to hear that. One moment, while I look at the charges."),
        ("A", "Okay. There is a roaming charge of twenty four dollars, from your trip to Canada.", 4.2),
        ("c", "mm hmm", 0.6),
        ("C", "Oh, I didn't realise roaming was switched on. I honestly thought my plan included Canada."),
        ("a", "uh huh", 0.7),
        ("A", "It only does with the travel add-on, but I can credit the charge back to you today."),
        ("C", "That would be wonderful, thank you. And could you add the travel option, "
              "because I go there every summer?"),
        ("a", "right", 0.3),
        ("a", "okay", 0.8),
        ("A", "Of course, it's active now. The credit will show on your next bill."),
        ("C", "Perfect, thanks for your help."),
        ("A", "You're welcome, goodbye."),
    ]), dict(
    name="call-02-interruptions", seed=2, alerts=[],
    description="late delivery complaint: 3 agent and 1 customer cut-ins, 2 agent backchannels, 4 s dead air",
    script=[
        ("A", "Good morning, TechMart, this is Alex. How can I help?"),
        ("C", "Hi. I ordered a laptop two weeks ago, and the tracking page has said out for delivery "
              "for five days now, and nobody at the courier answers the phone."),
        ("a", "I see", 0.3),
        ("A>", "I'm so sorry about that. Can I have the order number, please?", 0.8),
        ("C", "Yes, it's seven seven three, nine one two."),
        ("A", "Thank you, one moment please."),
        ("A", "Okay. The parcel was returned to our warehouse on Monday, because the address label "
              "was damaged in transit.", 4.0),
        ("C>", "Wait, it was returned to the warehouse? Nobody told me anything about that!", 0.6),
        ("A", "I understand, and I apologise. I can send a replacement today, with express shipping."),
        ("C", "Okay, but how do I know it won't get lost again? Last time, somebody promised me a call back, "
              "and nobody called."),
        ("a", "uh huh", 0.3),
        ("A>", "I will email you the tracking number myself.", 0.75),
        ("C", "Alright. And do I still get the student discount, because the price has gone up since I ordered?"),
        ("A>", "Yes, you keep the original price and the discount.", 0.6),
        ("C", "Great, thank you. Bye."),
    ]), dict(
    name="call-03-monologue", seed=3, alerts=["agent_dominates", "agent_monologue"],
    description="insurance renewal: the agent explains for over a minute, with 3 customer backchannels",
    script=[
        ("A", "Northwind Insurance, Jordan speaking."),
        ("C", "Hi. My home insurance premium went up, and I don't understand why."),
        ("A", "Of course, I'd be happy to walk you through it."),
        ("A", "Your policy renews every year on the first of May, and the premium is recalculated each time."),
        ("A", "The first factor is the rebuild cost of your house, which is what it would cost "
              "to rebuild it from the ground up."),
        ("A", "Building costs in your area went up by about eight percent this year, mainly because of timber "
              "and labour."),
        ("A", "The second factor is the claims history for your postcode, and there were quite a few "
              "storm claims in your region last winter."),
        ("c", "okay", 0.5),
        ("A", "The third factor is your own policy, and I can see that your no claims discount "
              "is still fully intact, which is good news."),
        ("A", "You also still have the optional accidental damage cover, which adds about sixty dollars a year."),
        ("c", "I see", 0.5),
        ("A", "If you rarely use it, you could remove that cover, or you could raise your voluntary excess "
              "from two hundred and fifty to five hundred dollars."),
        ("A", "Another option is to pay annually instead of monthly, because the monthly plan includes "
              "a small credit charge."),
        ("c", "right", 0.5),
        ("A", "Put together, those changes could bring your renewal price back to about what you paid last year."),
        ("A", "I can make any of these changes for you right now."),
        ("C", "Okay, please raise the excess and switch me to annual payments."),
        ("A", "Done, you'll get the new documents today."),
        ("C", "Thanks, bye."),
    ]), dict(
    name="call-04-noisy", seed=4, noisy=True, alerts=[],
    description="broadband fault with pink noise 15 dB under speech and 50 Hz hum on the customer: "
                "2 agent and 1 customer cut-ins, 3 backchannels, 4 s dead air",
    script=[
        ("A", "Clearline Broadband, this is Chris. How can I help?"),
        ("C", "Hi. My internet keeps dropping out every evening, and it takes ages to come back."),
        ("a", "okay", 0.55),
        ("A", "Which lights are showing on your router right now?"),
        ("C", "The power light is green, but the internet light keeps flashing orange, "
              "and sometimes it goes off completely."),
        ("A>", "That means the line signal is lost. Let me run a test.", 0.65),
        ("C", "Sure, go ahead."),
        ("A", "Okay, the test shows a lot of errors on the line, which usually means a wiring fault.", 4.3),
        ("c", "uh huh", 0.55),
        ("C", "Can I fix it myself? I work from home, so I can't wait a week for an engineer."),
        ("A", "Try plugging the router straight into the main socket, instead of the extension cable."),
        ("C>", "I already tried that yesterday, and it made no difference at all.", 0.6),
        ("A", "Then I'll book an engineer for Thursday morning."),
        ("C", "Thursday works. Will they need to come inside, because I have a dog, "
              "and I need to know where to keep him?"),
        ("a", "right", 0.3),
        ("A>", "Yes, but the dog can stay in another room.", 0.75),
        ("C", "Okay, thanks for your help."),
        ("A", "Thanks for calling, goodbye."),
    ])]
CALLS.append(dict(CALLS[3], name="call-05-noisy-crosstalk", crosstalk=(-15, 20),
                  description="call-04-noisy plus crosstalk: each channel also carries the other's clean voice "
                              "at -15 dB, 20 ms late"))

OFFICE = [  # call-07's background talkers say these, each in its own order
    "Has anyone seen the stapler from the front desk?", "The printer on the third floor is jammed again.",
    "We should order more coffee before Friday.", "I'll send you the spreadsheet after lunch.",
    "Can you cover my shift on Saturday morning?", "The team meeting moved to half past two.",
    "My train was twenty minutes late this morning.", "Did you watch the football last night?",
    "Please remember to log your breaks in the system.", "The new headsets arrive next week.",
    "Who left their umbrella in the kitchen?", "I think the air conditioning is broken again.",
    "Let's get pizza for the birthday on Thursday.", "The quarterly targets are on the whiteboard.",
    "Could you pass me that charger, please?", "I'm going to grab a sandwich, do you want anything?",
    "The car park is closed for repairs tomorrow.", "She said the report needs another week.",
]
CALLS += [dict(
    name="call-06-phone-line", seed=6, alerts=[], levels={"customer": -29.0}, step=("customer", 8.0),
    line=dict(comfort_dbfs=-60, dc=(0.02, 0.0)),
    description="roaming request over a telephone line: dial tone and ringback before the answer, a test tone "
                "in 3.6 s of dead air, 21 s of hold music, DTMF while the agent keys a code, 4 clicks in "
                "silences, comfort noise, DC offset on the agent, customer +8 dB from half time; "
                "1 agent backchannel and 1 agent cut-in",
    script=[
        ("~", "dial_tone", 1, 0.3, 2.0),
        ("~", "click", 0, 1.2),
        ("~", "ringback", 1, 2.6, 1),
        ("A", "Northwind Mobile, Sam speaking.", 5.4),
        ("C", "Hi Sam. I'm going to Spain on Monday, and I'd like to add roaming to my plan, but the app "
              "keeps showing an error."),
        ("a", "okay", 0.5),
        ("A", "Sorry. Let me test your line."),
        ("~", "test_tone", 1, 1.0, 1.5),
        ("~", "click", 0, 2.9),
        ("C", "Yes, I heard a beep, loud and clear.", 3.6),
        ("A", "Good. Please hold, while I ask the roaming team."),
        ("C", "Sure, no problem."),
        ("~", "hold_music", 1, 0.8, 21.0),
        ("~", "click", 0, 9.0),
        ("A", "Thanks for holding. Roaming is on now, for five dollars a day.", 22.6),
        ("C", "And if I use too much data abroad, will it stop working, or will I get a huge bill "
              "when I'm home?"),
        ("A>", "No, it just slows down, and we text you first.", 0.6),
        ("A", "One moment, I'm entering a code."),
        ("~", "dtmf", 0, 0.6, "418605"),
        ("~", "click", 1, 1.9),
        ("C", "Okay, thank you. Bye.", 2.4),
        ("A", "Goodbye."),
    ]), dict(
    name="call-07-babble", seed=7, alerts=[], leak={"agent": (-20, 10), "customer": (-25, 30)},
    babble=dict(db=-12, sentences=OFFICE,
                voices={"agent": ["en-gb-scotland+f3", "en-029+m4", "en-us-nyc+f4", "en-gb-x-rp+m6",
                                  "en-gb-x-gbcwmd+f5"],
                        "customer": ["en-us+f3", "en-gb-x-gbclan+m2", "en-gb-scotland+m7", "en-029+f1",
                                     "en-us-nyc+m5"]}),
    description="energy bill query in a busy office: babble of 5 other voices and pink noise 12 dB under the "
                "speech on each channel, the agent leaking into the customer channel at -20 dB (10 ms) and "
                "the customer into the agent channel at -25 dB (30 ms): 2 agent and 1 customer cut-ins, "
                "2 agent and 1 customer backchannels, 3.5 s dead air",
    script=[
        ("A", "Brightwater Energy, this is Morgan. How can I help?"),
        ("C", "Hi. I just got a letter saying my direct debit is going up to ninety dollars a month, and that "
              "seems far too high for a small flat."),
        ("a", "I see", 0.4),
        ("A>", "Let me check your meter readings. Can you confirm your postcode?", 0.75),
        ("C", "It's B S one, four D J."),
        ("A", "Thanks. Your last two bills were based on estimates, not on real readings."),
        ("C", "That's odd, because I sent a photo of the meter last month, through your app."),
        ("a", "uh huh", 0.5),
        ("A", "Let me look for that photo."),
        ("A", "Found it. The reading was never loaded, so the estimate was far too high.", 3.5),
        ("c", "okay", 0.5),
        ("C", "So will the direct debit go back down?"),
        ("A", "Yes. I'll load the reading now, and your payment drops to fifty five dollars, "
              "starting next month."),
        ("C>", "Fifty five? That's still more than I paid last year!", 0.6),
        ("A", "Prices went up in April, but you'll also get a refund of forty dollars for the overcharge."),
        ("C", "Okay, that helps. And will I get a letter to confirm all of this, because last time "
              "nothing arrived in the post?"),
        ("A>", "Yes, we'll email it and post it to you today.", 0.7),
        ("C", "Thanks, bye."),
        ("A", "Goodbye."),
    ])]
